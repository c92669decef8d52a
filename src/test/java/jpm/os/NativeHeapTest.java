package jpm.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeHeapTest {
    /**
     * Blocks freed between blocks still in use are holes free() cannot give back (it only
     * shrinks the top of the heap): a trim does.
     */
    @Test
    void aTrimGivesBackTheHolesOfFreedMemory() {
        List<Arena> blocks = new ArrayList<>();
        try {
            for (int i = 0; i < 2_000; i++) {
                Arena a = Arena.ofConfined();
                a.allocate(64 * 1024).fill((byte) 1); // under glibc's mmap threshold: from an arena
                blocks.add(a);
            }
            for (int i = 0; i < blocks.size(); i += 2) blocks.get(i).close();
            assertThat(NativeHeap.trim()).isTrue();
        } finally {
            for (int i = 1; i < blocks.size(); i += 2) blocks.get(i).close();
        }
    }
}
