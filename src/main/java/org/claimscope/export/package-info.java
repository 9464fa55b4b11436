/** Exports of a project's corpus for research, streamed from the database. */
package org.claimscope.export;
