package jpm.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A source's name names its directory under JPM_HOME/sync: never a way out of it. */
class SourceNameTest {
    @ParameterizedTest
    @ValueSource(strings = {"shop", "a", "0", "web-2", "my_repo", "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij123"})
    void plainWordsAreNames(String name) {
        assertThat(SourceName.check(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../x", "a/b", "/etc", "sources.json", "Shop", "-x", "_x", "a b", "a\nb", "é",
            "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234"})
    void anythingElseIsRefusedSayingWhatANameIs(String name) {
        assertThatThrownBy(() -> SourceName.check(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lowercase letters, digits, '-' or '_'");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "https://github.com/acme/Shop.git, shop",
            "git@github.com:acme/shop-infra.git, shop-infra",
            "/srv/git/deploy.git/, deploy",
            "/srv/git/my.repo, my-repo",
            "ssh://host/~/repos/x_y, x_y",
            "https://host/.git, repo",
            "/srv/git/..., repo",
    })
    void aNameComesFromTheRepositorysLastSegment(String url, String name) {
        assertThat(SourceName.fromUrl(url)).isEqualTo(name);
        SourceName.check(SourceName.fromUrl(url));
    }
}
