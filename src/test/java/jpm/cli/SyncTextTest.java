package jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import jpm.rpc.SyncSourceInfo;
import org.junit.jupiter.api.Test;

/** How jpm sync ls prints sources. */
class SyncTextTest {
    static final String GOOD = "79363a89fb5a9b92c47d609ac8f62523c8e741d9";
    static final String BAD = "ad058c3dc5083bdeebf58dc343d19edeb772189e";

    @Test
    void aFailedSourceShowsTheCommitThatRunsAndTheErrorBelowTheTable() {
        SyncSourceInfo failed = new SyncSourceInfo("shop", "/srv/git/shop.git", "main", "eco.yaml", 30_000, false, null, "failed", GOOD,
                "2026-12-04T13:11:11Z", BAD, "2026-12-04T13:11:18Z", BAD, "eco.yaml:4:16: /apps/0/instances: invalid value 'lots'\neco.yaml:9:3: x",
                null, "commit ad058c3dc508 failed; 79363a89fb5a runs");
        SyncSourceInfo down = new SyncSourceInfo("infra", "https://git.example/infra.git", "prod", "eco.yaml", 60_000, true, null, "error",
                null, null, null, null, null, null, "cannot fetch https://git.example/infra.git: fatal: unable to access", "retrying");
        String text = SyncCommand.SyncText.table(List.of(failed, down), Instant.parse("2026-12-04T13:11:22Z"));
        assertThat(text).isEqualTo("""
                NAME   STATE   COMMIT        BRANCH  FILE      EVERY  CHECKED  REPOSITORY
                shop   failed  79363a89fb5a  main    eco.yaml  30s    4s ago   /srv/git/shop.git
                infra  error   -             prod    eco.yaml  1m     -        https://git.example/infra.git
                shop: commit ad058c3dc508 failed; 79363a89fb5a runs
                  eco.yaml:4:16: /apps/0/instances: invalid value 'lots'
                  eco.yaml:9:3: x
                infra: cannot fetch https://git.example/infra.git: fatal: unable to access
                """);
    }

    @Test
    void noSourcesSaysHowToAddOne() {
        assertThat(SyncCommand.SyncText.table(List.of())).contains("jpm sync add REPO --path FILE");
    }
}
