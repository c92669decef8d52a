package jpm.rpc;

/** One change of an instance's status, for describe: when, from, to, and why. */
public record TransitionRecord(String at, String from, String to, String cause) {}
