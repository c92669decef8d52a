package jpm.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;

/**
 * malloc's side of the daemon's memory: glibc keeps what the JVM frees in its arenas (compiler
 * arenas, symbol tables, buffers of a burst) rather than give it back, about 5 MiB after a start
 * of 1,000 apps. {@link #trim} hands the free pages of every arena back, as
 * {@code jcmd PID System.trim_native_heap} does.
 */
public final class NativeHeap {
    private static final Downcall MALLOC_TRIM = new Downcall("malloc_trim",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));

    private NativeHeap() {}

    /** glibc's {@code malloc_trim(0)}; false when nothing was given back or there is no such call (another libc). */
    public static boolean trim() {
        try {
            return (int) MALLOC_TRIM.get().invokeExact(0L) == 1;
        } catch (Throwable t) {
            return false;
        }
    }
}
