package jpm.rpc;

/** An enum written on the wire as a name of its own (not its Java constant): {@link WireCodec} reads and writes it so. */
public interface WireName {
    String wire();
}
