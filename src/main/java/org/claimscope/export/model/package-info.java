/**
 * The corpus as export formats see it: documents with their layers and annotations (offsets in Unicode code points),
 * the export's context, and the interface every format writer implements. Pure data: no database, no I/O of its own.
 */
package org.claimscope.export.model;
