/**
 * People and how they prove who they are: form login for the pages, HTTP Basic and personal API
 * tokens for scripts, PBKDF2 password hashes.
 */
package org.claimscope.security;
