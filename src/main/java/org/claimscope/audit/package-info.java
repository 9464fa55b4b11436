/** The audit trail: every create, change and delete of an annotation, with who, when, before and after. */
package org.claimscope.audit;
