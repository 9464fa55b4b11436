/** Small pieces every feature shares: the exceptions that map to HTTP answers, JSON and time converters. */
package org.claimscope.common;
