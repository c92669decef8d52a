package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import jpm.export.ExportFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExportSystemdCommandTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            /srv/shop/ecosystem.yaml        | jpm-ecosystem
            /srv/shop/ecosystem.config.json | jpm-ecosystem.config
            /srv/shop/my shop.yml           | jpm-my\\x20shop
            /srv/shop/apps                  | jpm-apps
            """)
    void theTargetIsNamedAfterTheFileWithoutItsExtension(String file, String target) {
        assertThat(ExportSystemdCommand.targetName(Path.of(file))).isEqualTo(target);
    }

    @Test
    void printedFilesEachFollowAHeaderLineWithABlankLineBetween() {
        StringWriter s = new StringWriter();
        ExportSystemdCommand.print(List.of(new ExportFile("a@.service", "[Service]\n", false),
                new ExportFile("a@1.service.d/increment-var.conf", "[Service]\nEnvironment=\"PORT=1\"\n", false)), new PrintWriter(s));
        assertThat(s.toString()).isEqualTo("""
                # file: a@.service
                [Service]

                # file: a@1.service.d/increment-var.conf
                [Service]
                Environment="PORT=1"
                """);
    }
}
