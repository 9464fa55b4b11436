/** The REST API for scripts (version 1): thin resources over the feature services, DTO records on the wire. */
package org.claimscope.api;
