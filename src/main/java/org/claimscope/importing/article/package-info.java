/**
 * Clean article text from saved news pages, their metadata, and the language of a text.
 *
 * <p>{@link org.claimscope.importing.article.MainContentExtractor} keeps what annotators should read of a page
 * (the article, or the whole text of a page that is not one) and reads the page's metadata
 * ({@link org.claimscope.importing.article.HtmlMetadataReader}); {@link
 * org.claimscope.importing.article.LanguageDetector} names the language of a text. Pure logic over jsoup and the
 * optimaize language profiles: no Tika, no I/O, no container services.
 */
package org.claimscope.importing.article;
