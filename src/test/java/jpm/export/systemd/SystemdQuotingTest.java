package jpm.export.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The three rules of {@link SystemdQuoting}; ExportSystemdIT has a running systemd read them back. */
class SystemdQuotingTest {
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            plain           | "plain"
            a b             | "a b"
            say "hi"        | "say \\"hi\\""
            back\\slash     | "back\\\\slash"
            100%            | "100%%"
            %i              | "%%i"
            $HOME           | "$HOME"
            """)
    void aSettingValueIsDoubleQuotedWithSpecifiersDoubledAndDollarsKept(String value, String quoted) {
        assertThat(SystemdQuoting.quoted(value, false)).isEqualTo(quoted);
    }

    @Test
    void controlCharactersBecomeCEscapesSoTheValueStaysOnOneLine() {
        assertThat(SystemdQuoting.quoted("a\nb\tc\rd\u0001e\u007f", false)).isEqualTo("\"a\\nb\\tc\\rd\\x01e\\x7f\"");
    }

    @Test
    void execArgumentsDoubleDollarsButTheProgramDoesNot() {
        assertThat(SystemdQuoting.execLine(List.of("/opt/my $app/run", "--name", "$USER", "50%", "", ";", "a b")))
                .isEqualTo("\"/opt/my $app/run\" --name \"$$USER\" \"50%%\" \"\" \";\" \"a b\"");
        assertThat(SystemdQuoting.execLine(List.of("/usr/bin/node", "/srv/app/server.js", "--port=3000", "a,b@c:d+e")))
                .as("plain words stay bare").isEqualTo("/usr/bin/node /srv/app/server.js --port=3000 a,b@c:d+e");
    }

    @Test
    void anEnvironmentFileEscapesOnlyWhatItsDoubleQuotesRead() {
        assertThat(SystemdQuoting.environmentFileLine("TOKEN", "s3cr$t \"x\" `y` \\ 100% \n\tz"))
                .isEqualTo("TOKEN=\"s3cr\\$t \\\"x\\\" \\`y\\` \\\\ 100% \n\tz\"");
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            web             | web
            my-app_v2.1     | my-app_v2.1
            ns:a            | ns:a
            my app          | my\\x20app
            a/b             | a\\x2fb
            a@b             | a\\x40b
            .hidden         | \\x2ehidden
            café            | caf\\xc3\\xa9
            """)
    void aUnitNameKeepsWhatSystemdAllowsAndEscapesTheRestAsSystemdEscapeDoes(String name, String part) {
        assertThat(SystemdQuoting.unitNamePart(name)).isEqualTo(part);
    }

    @Test
    void aLiteralDoublesPercentsAndHasNoRoomForAControlCharacter() {
        assertThat(SystemdQuoting.literal("/srv/100% app")).isEqualTo("/srv/100%% app");
        assertThat(SystemdQuoting.literal("/srv/a\nb")).isNull();
    }
}
