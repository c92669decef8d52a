package jpm.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jpm.ecosystem.AppSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RevisionHistoryTest {
    static SavedRevision rev(String... apps) {
        return new SavedRevision(0, "/srv/eco.yaml", "h", "2026-01-01T00:00:00Z", "alice", "apply", null, null, null, false, null,
                "s", java.util.Arrays.stream(apps).map(a -> AppSpec.of(a, "x.js", "/srv")).toList());
    }

    static RevisionHistory recorded(int count, int keep) {
        RevisionHistory h = RevisionHistory.empty("/srv/eco.yaml");
        for (int i = 0; i < count; i++) h = h.with(rev("api"), keep);
        return h;
    }

    @ParameterizedTest(name = "{0} recorded, keep {1}: numbers {2}")
    @CsvSource(delimiter = ';', value = {
            "1; 20; 1",
            "3; 20; 1 2 3",
            "3; 3; 1 2 3",
            "4; 3; 2 3 4",
            "25; 20; 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25",
            "5; 1; 5",
            "5; 0; 5",    // at least the current one is kept
    })
    void numbersGrowAndTheOldestAreDroppedBeyondTheBound(int count, int keep, String numbers) {
        assertThat(recorded(count, keep).revisions().stream().map(r -> String.valueOf(r.number())).toList())
                .isEqualTo(List.of(numbers.split(" ")));
    }

    @Test
    void aDroppedNumberIsNeverReused() {
        assertThat(recorded(4, 2).nextNumber()).isEqualTo(5);
        assertThat(RevisionHistory.empty("/f").nextNumber()).isEqualTo(1);
    }

    @Test
    void anAppsRevisionIsTheLastThatListsIt() {
        RevisionHistory h = RevisionHistory.empty("/f").with(rev("api", "worker"), 20).with(rev("api"), 20);
        assertThat(h.revisionOf("default", "api")).isEqualTo(2);
        assertThat(h.revisionOf("default", "worker")).isEqualTo(1);
        assertThat(h.revisionOf("default", "cron")).isNull();
        assertThat(h.revisionOf("other", "api")).isNull();
    }

    @Test
    void theIndexOfLastListingsAgreesWithLastListing() {
        RevisionHistory h = RevisionHistory.empty("/f").with(rev("api", "worker"), 20).with(rev("api"), 20)
                .with(rev("cron", "worker"), 20).with(rev("api"), 20);
        var index = h.lastListings();
        for (String app : List.of("api", "worker", "cron", "none")) {
            assertThat(index.get(RevisionHistory.key("default", app))).as(app).isEqualTo(h.lastListing("default", app));
        }
        assertThat(index).hasSize(3);
        assertThat(index.get(RevisionHistory.key("default", "worker")).number()).isEqualTo(3);
    }

    @ParameterizedTest(name = "JPM_REVISIONS_KEEP={0} keeps {1}")
    @CsvSource(nullValues = "null", value = {"null, 20", "'', 20", "5, 5", "' 7 ', 7", "0, 20", "-3, 20", "many, 20", "1, 1"})
    void theBoundComesFromTheSettingOrTheDefault(String setting, int keep) {
        assertThat(RevisionHistory.keep(setting)).isEqualTo(keep);
    }

    @Test
    void theFormatRoundTripsEveryField() {
        SavedRevision full = new SavedRevision(0, "/srv/eco.yaml", "abc", "2026-01-01T00:00:00Z", "bob", "sync", "shop", "0123abcd",
                "main", true, "https://git.example/shop.git", "1 to start",
                List.of(AppSpec.of("api", "api.js", "/srv").withLaunch(AppSpec.of("api", "api.js", "/srv").launch()
                        .withEnv(java.util.Map.of("TOKEN", "s3cret")))));
        RevisionHistory h = RevisionHistory.empty("/srv/eco.yaml").with(full, 20).with(rev("api"), 20);
        assertThat(RevisionFormat.read(RevisionFormat.write(h))).isEqualTo(h);
        assertThat(RevisionFormat.write(h)).contains("s3cret"); // kept whole (0600) so a rollback restores it
    }
}
