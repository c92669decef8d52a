package jpm.export.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import jpm.Golden;
import jpm.ecosystem.Attribute;
import jpm.ecosystem.Attributes;
import org.junit.jupiter.api.Test;

class SystemdAttributesTest {
    @Test
    void everyAttributeOfTheRegistryHasARowInTheRegistrysOrder() {
        assertThat(SystemdAttributes.all().stream().map(SystemdAttributes.Row::key).toList()).containsExactlyElementsOf(
                Attributes.all().stream().filter(a -> a.onChange() != Attribute.OnChange.IGNORED).map(Attribute::key).toList());
    }

    @Test
    void aRowThatWarnsSaysWhatAndOnlyItDoes() {
        for (SystemdAttributes.Row r : SystemdAttributes.all()) {
            assertThat(r.warning() != null).as(r.key()).isEqualTo(r.kind() == SystemdAttributes.Kind.WARNING);
            if (r.warning() != null) assertThat(r.warning()).as(r.key()).containsAnyOf("does not carry over", "do not carry over");
        }
    }

    @Test
    void theDocsTableIsRenderedFromTheRows() {
        Golden.assertSection(Path.of("docs/export.md"), "systemd-attributes", SystemdAttributes.markdownTable());
    }
}
