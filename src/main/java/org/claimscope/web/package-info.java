/** Backing beans of the Faces pages, named after their pages; thin adapters over the feature services. */
package org.claimscope.web;
