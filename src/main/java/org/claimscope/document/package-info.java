/** Documents: imported articles with their immutable text and their metadata. */
package org.claimscope.document;
