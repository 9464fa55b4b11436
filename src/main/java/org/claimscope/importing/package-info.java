/** Turning uploaded files into documents: type detection, text and metadata extraction, normalisation. */
package org.claimscope.importing;
