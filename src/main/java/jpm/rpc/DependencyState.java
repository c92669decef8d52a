package jpm.rpc;

/**
 * One dependency of an app, as describe and {@code ls --tree} show it.
 *
 * @param app the dependency, {@code namespace/name}
 * @param condition started, healthy or completed
 * @param state {@code met}, {@code unmet} (on its way, or not there) or {@code failed} (errored,
 *     or a job that ended badly: it will not be met without someone acting)
 */
public record DependencyState(String app, String condition, String state) {}
