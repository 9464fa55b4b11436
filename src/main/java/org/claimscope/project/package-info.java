/** Projects, their members and roles, and the access rules every other feature asks. */
package org.claimscope.project;
