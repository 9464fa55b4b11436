/**
 * Codebooks: the categories, subtypes and attributes a project annotates with, kept as data with
 * a version, and the rules that annotations must keep against them.
 */
package org.claimscope.codebook;
