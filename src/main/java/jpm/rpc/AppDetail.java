package jpm.rpc;

import java.util.List;
import jpm.ecosystem.AppSpec;

/**
 * An app for {@code jpm describe}: its spec (with env values redacted by the daemon unless
 * asked for), the resolved command line and its instances.
 */
public record AppDetail(AppSpec spec, List<String> command, List<InstanceInfo> instances, List<InstanceDetail> details) {}
