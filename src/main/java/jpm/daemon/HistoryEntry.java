package jpm.daemon;

/** One status change of an instance, kept for describe (the last {@link Instance#HISTORY}). */
record HistoryEntry(String at, String from, String to, String cause) {}
