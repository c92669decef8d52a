package jpm.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterpretersTest {
    @Test
    void choosesByExtensionLikePm2() {
        assertThat(Interpreters.forScript("app.js", null)).containsExactly("node");
        assertThat(Interpreters.forScript("/srv/x/app.py", null)).containsExactly("python3");
        assertThat(Interpreters.forScript("run.sh", null)).containsExactly("bash");
        assertThat(Interpreters.forScript("a.rb", null)).containsExactly("ruby");
        assertThat(Interpreters.forScript("a.pl", null)).containsExactly("perl");
        assertThat(Interpreters.forScript("a.php", null)).containsExactly("php");
        assertThat(Interpreters.forScript("server.jar", null)).containsExactly("java", "-jar");
        assertThat(Interpreters.forScript("APP.PY", null)).containsExactly("python3");
    }

    @Test
    void executesTheFileWhenNoInterpreterApplies() {
        assertThat(Interpreters.forScript("server", null)).isEmpty();
        assertThat(Interpreters.forScript("./bin/server.bin", null)).isEmpty();
        assertThat(Interpreters.forScript(".hidden", null)).isEmpty();
        assertThat(Interpreters.forScript("dir.d/run", null)).isEmpty();
        assertThat(Interpreters.forScript("app.py", "none")).isEmpty();
    }

    @Test
    void anExplicitInterpreterWins() {
        assertThat(Interpreters.forScript("app.js", "bun")).isEqualTo(List.of("bun"));
        assertThat(Interpreters.forScript("app", "/usr/bin/python3.11")).isEqualTo(List.of("/usr/bin/python3.11"));
    }

    /**
     * A file without a known extension, by its first bytes ({@code \n} and {@code \0} written
     * escaped): PM2 runs it with node unless it is a binary; jpm also obeys a #! line that names
     * another interpreter. Expected: the command words joined by '|', empty = execute the file.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "no #! line (Express's ./bin/www without the x bit); var app = require('../app')\\n; node",
        "empty file;                                    ; node",
        "#!/usr/bin/env node;                           #!/usr/bin/env node\\nrequire('x'); node",
        "#!/usr/bin/node;                               #!/usr/bin/node\\n; /usr/bin/node",
        "#!/usr/local/bin/node20 with an argument;      #!/usr/local/bin/node20 --max-old-space-size=512\\n; /usr/local/bin/node20|--max-old-space-size=512",
        "env -S node with arguments;                    #!/usr/bin/env -S node --enable-source-maps\\n; node|--enable-source-maps",
        "env nodejs;                                    #!/usr/bin/env nodejs\\n; node",
        "env python3;                                   #!/usr/bin/env python3\\nprint(1); /usr/bin/env|python3",
        "bash;                                          #!/bin/bash\\necho; /bin/bash",
        "sh -e, one argument as the kernel passes it;   #! /bin/sh -e -u\\n; /bin/sh|-e -u",
        "env without -S gets the rest as one word;      #!/usr/bin/env node --harmony\\n; /usr/bin/env|node --harmony",
        "a #! alone is no interpreter;                  #!\\nconsole.log(1); node",
        "a #! line longer than the bytes read;          #!/bin/bash; /bin/bash",
        "ELF binary;                                    \u007FELF\\u0002\\u0001\\u0001\\0\\0; ",
        "another binary (a NUL byte);                   \u00CA\u00FE\u00BA\u00BE\\0\\0\\0\\u0002; ",
    })
    void aFileWithoutAKnownExtensionIsJudgedByItsFirstBytes(String what, String head, String expected) {
        byte[] bytes = unescape(head == null ? "" : head);
        List<String> want = expected == null ? List.of() : List.of(expected.split("\\|"));
        assertThat(Interpreters.forFile("bin/www", null, bytes)).as(what).isEqualTo(want);
    }

    @Test
    void theAttributeAndTheExtensionComeBeforeTheBytes() {
        byte[] python = "#!/usr/bin/env python3\n".getBytes(StandardCharsets.UTF_8);
        assertThat(Interpreters.forFile("app.js", null, python)).as("PM2: the extension decides").containsExactly("node");
        assertThat(Interpreters.forFile("www", "none", python)).as("none: execute the file").isEmpty();
        assertThat(Interpreters.forFile("www", "bun", python)).containsExactly("bun");
        assertThat(Interpreters.forFile("www", null, null)).as("unreadable: execute the file, as before").isEmpty();
    }

    @Test
    void nodeByItsProgramName() {
        assertThat(List.of("node", "/usr/bin/node", "nodejs", "node20", "/opt/node-20.1")).allMatch(Interpreters::isNode);
        assertThat(List.of("nodemon", "bun", "/usr/bin/env", "python3", "node_exporter")).noneMatch(Interpreters::isNode);
    }

    /** \n, \0 and \\uXXXX escapes of the table, as bytes (ISO-8859-1, so \\u00CA is the byte 0xCA). */
    private static byte[] unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                if (n == 'n') out.append('\n');
                else if (n == '0') out.append('\0');
                else if (n == 'u') {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                } else out.append(n);
            } else {
                out.append(c);
            }
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
