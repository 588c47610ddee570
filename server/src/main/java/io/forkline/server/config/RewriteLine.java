package io.forkline.server.config;

/**
 * One line CONFIG REWRITE writes for a directive; {@code force} says whether to append it when the
 * file has no line for that directive yet (true when the value is not the default).
 */
record RewriteLine(String text, boolean force) {
}
