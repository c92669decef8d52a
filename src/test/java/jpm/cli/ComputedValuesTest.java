package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jpm.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** jpm convert's marks: which values a JavaScript ecosystem file computed, and from what. */
class ComputedValuesTest {
    /** A value's source text: literal or not (computed), and whether its members speak for themselves. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '\u0000', value = {
        "'a string'                                   ; true ; false",
        "\"double\"                                   ; true ; false",
        "`a template`                                 ; true ; false",
        "-3                                           ; true ; false",
        "0x1F                                         ; true ; false",
        "true                                         ; true ; false",
        "null                                         ; true ; false",
        "['a', 1, { b: 2 }]                           ; true ; true",
        "{ PORT: 3000, DEBUG: false }                 ; true ; true",
        "`${os.homedir()}/logs`                       ; false ; false",
        "path.join(__dirname, 'app')                  ; false ; false",
        "process.env.X || 1                           ; false ; false",
        "port                                         ; false ; false",
        "x ? 'cluster' : 'fork'                       ; false ; false",
        "{ ...base, PORT: 1 }                         ; false ; true",
        "[{ name: 'a', cwd: __dirname }]              ; false ; true",
        "['--port', process.env.PORT]                 ; false ; false",
        "[...others, 'x']                             ; false ; false",
        "/\\.log$/                                    ; false ; false",
    })
    void aValueIsLiteralOrComputed(String expression, boolean literal, boolean container) {
        List<JsProperties.Property> ps = JsProperties.of("module.exports = { key: " + expression + ", after: 1 };");
        assertThat(ps.getFirst()).isEqualTo(new JsProperties.Property("key", expression, literal, container));
        assertThat(ps.getLast().key()).as("the value ended where it should").isEqualTo("after");
    }

    @Test
    void stringsCommentsTemplatesAndRegexesDoNotConfuseTheScanner() {
        String source = """
                #!/usr/bin/env node
                // a: 'not a property', { b: 1 }
                /* c: 2, } */
                const re = /[}{,:]/g;
                module.exports = {
                  apps: [{
                    name: 'x, y: }',
                    "quoted": `t ${ { inner: 1 }.inner } }`,
                    cwd: f({ nested: 2 }, [3, 4]),
                  }],
                };
                """;
        assertThat(JsProperties.of(source)).extracting(JsProperties.Property::key)
                .containsExactly("apps", "name", "quoted", "cwd", "nested");
        assertThat(JsProperties.of(source).get(3).expression()).isEqualTo("f({ nested: 2 }, [3, 4])");
    }

    @Test
    void eachComputedValueIsMarkedWithItsExpressionOrWhatTheProbeShows() {
        String source = """
                const path = require('path');
                const base = require('./base'); // { max_restarts: Number(process.env.R) }
                module.exports = { apps: [
                  { name: 'api', cwd: path.join(__dirname, 'api'), env: { PORT: 3000, HOME: process.env.HOME }, ...base },
                  { name: 'worker', cwd: '/srv/worker', env: { PORT: 3001, HOME: process.env.HOME }, ...base },
                ] };
                """;
        Object values = Json.parse("""
                {"apps":[{"name":"api","cwd":"/srv/app/api","env":{"PORT":3000,"HOME":"/root"},"max_restarts":3},
                         {"name":"worker","cwd":"/srv/worker","env":{"PORT":3001,"HOME":"/root"},"max_restarts":3}]}""");
        Object probed = Json.parse("""
                {"apps":[{"name":"api","cwd":"/jpm-probe/dir/api","env":{"PORT":3000,"HOME":"jpm-probe-env-HOME"},"max_restarts":7},
                         {"name":"worker","cwd":"/srv/worker","env":{"PORT":3001,"HOME":"jpm-probe-env-HOME"},"max_restarts":7}]}""");
        Map<List<Object>, String> marks = ComputedValues.find(values, probed, source);
        assertThat(marks).containsExactly(
                Map.entry(List.of("apps", 0, "cwd"), "computed: path.join(__dirname, 'api')"),
                Map.entry(List.of("apps", 0, "env", "HOME"), "computed: process.env.HOME"),
                // from another file: only the probe sees that it changes with the environment
                Map.entry(List.of("apps", 0, "max_restarts"), "computed at conversion from its environment"),
                Map.entry(List.of("apps", 1, "env", "HOME"), "computed: process.env.HOME"),
                Map.entry(List.of("apps", 1, "max_restarts"), "computed at conversion from its environment"));
        assertThat(ComputedValues.find(values, null, source)).as("without the probe: the source alone").hasSize(3);
    }

    @Test
    void theProbeSaysWhichVariablesAndDirectoriesAValueCameFrom() {
        assertThat(ComputedValues.describe("jpm-probe-env-APP_DIR/jpm-probe/home/x")).isEqualTo(
                "computed at conversion from process.env.APP_DIR, the home directory");
        assertThat(ComputedValues.describe("/jpm-probe/dir/a:/jpm-probe/cwd")).isEqualTo(
                "computed at conversion from __dirname, the current directory");
    }

    @Test
    void theYamlCarriesEachMarkAsAComment() {
        Object tree = Json.parse("{\"apps\":[{\"name\":\"api\",\"cwd\":\"/srv/api\",\"args\":[\"--port\",\"3000\"]}]}");
        String yaml = ConvertYaml.dump(tree, Map.of(
                List.of("apps", 0, "cwd"), "computed: path.join(__dirname, 'api')",
                List.of("apps", 0, "args"), "computed: ['--port', process.env.PORT || '3000']"));
        assertThat(yaml).isEqualTo("""
                apps:
                  - name: api
                    cwd: /srv/api # computed: path.join(__dirname, 'api')
                    # computed: ['--port', process.env.PORT || '3000']
                    args:
                      - --port
                      - '3000'
                """);
    }
}
