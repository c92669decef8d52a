package jpm.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/jlist.md documents every key of InstanceInfo, in the order jlist writes them (its stability promise). */
class JlistReferenceTest {
    @Test
    void theKeyTableListsEveryComponentInOrder() throws IOException {
        String doc = Files.readString(Path.of("docs/jlist.md"));
        String table = doc.substring(doc.indexOf("## Keys"), doc.indexOf("## `status` values"));
        Matcher m = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(table);
        List<String> documented = new java.util.ArrayList<>();
        while (m.find()) documented.add(m.group(1));
        List<String> keys = Arrays.stream(InstanceInfo.class.getRecordComponents()).map(c -> WireCodec.snake(c.getName())).toList();
        assertThat(documented).containsExactlyElementsOf(keys);
    }
}
