/** Start-up wiring: configuration, the data source, schema migrations and the first administrator. */
package org.claimscope.config;
