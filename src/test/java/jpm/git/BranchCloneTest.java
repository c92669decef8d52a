package jpm.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a failed clone tells a person, from git's own words. */
class BranchCloneTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "warning: Could not find remote branch nope to clone.\\nfatal: Remote branch nope not found in upstream origin"
                    + "| the repository has no branch named in --branch (fatal: Remote branch nope not found in upstream origin)",
            "fatal: repository '/srv/nowhere.git' does not exist"
                    + "| cannot reach the repository: fatal: repository '/srv/nowhere.git' does not exist (check the URL or path, and that your git credentials can read it)",
            "fatal: unable to access 'https://git.example/x.git/': Could not resolve host: git.example"
                    + "| cannot reach the repository: fatal: unable to access 'https://git.example/x.git/': Could not resolve host: git.example (check the URL or path, and that your git credentials can read it)",
            "fatal: destination path 'x' already exists and is not an empty directory."
                    + "| git clone failed: fatal: destination path 'x' already exists and is not an empty directory.",
    })
    void cloneProblems(String stderr, String message) {
        assertThat(BranchClone.cloneProblem(stderr.replace("\\n", "\n"))).isEqualTo(message);
    }
}
