package jpm.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretNamesTest {
    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            API_TOKEN            | abc                          | true
            DB_PASSWORD          | x                            | true
            stripeSecretKey      | sk_live                      | true
            aws.secret.access    | x                            | true
            GITHUB_TOKENS        | x                            | true
            SESSION_SECRET       | x                            | true
            PRIVATE_KEY_PATH     | /etc/key.pem                 | true
            NODE_ENV             | production                   | false
            PORT                 | 3000                         | false
            KEYBOARD_LAYOUT      | us                           | false
            MONKEY               | x                            | false
            PASSENGER_COUNT      | 3                            | false
            PWD                  | /srv                         | false
            DATABASE_URL         | postgres://app:s3cr3t@db/app | true
            DATABASE_URL         | postgres://app@db/app        | false
            HOMEPAGE             | https://example.com/a:b@c    | false
            EMPTY                | NULL                         | false
            """)
    void decidesByNameWordsOrAPasswordInAUrl(String name, String value, boolean secret) {
        assertThat(SecretNames.isSecret(name, value)).isEqualTo(secret);
    }
}
