package jpm.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * A libc function linked on its first call rather than when its class is initialized: each link
 * spins classes (about 8 ms here, interpreted), and the daemon's start, which waits on them, needs
 * only a few of the functions a class declares (docs/performance.md, "Cold start"). Every libc
 * function of jpm.os is declared this way. A link that fails (no native access) throws at the call.
 */
final class Downcall {
    private final String name;
    private final FunctionDescriptor descriptor;
    private final Linker.Option[] options;
    /** Benign race: two threads may both link it; either handle works. */
    private volatile MethodHandle handle;

    Downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        this.name = name;
        this.descriptor = descriptor;
        this.options = options;
    }

    MethodHandle get() {
        MethodHandle h = handle;
        if (h == null) handle = h = Libc.handle(name, descriptor, options);
        return h;
    }
}
