package jpm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * `jpm dashboard` in a real browser: Debian's headless chromium driven through chromium-driver by
 * Selenium, against a real daemon with real children. Also writes the screenshots that
 * docs/dashboard.md shows (into target/screenshots, or the folder -Djpm.screenshots names).
 */
class DashboardIT {
    @RegisterExtension
    final JpmHomeFixture jpm = new JpmHomeFixture();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static WebDriver browser;
    private final HttpClient http = HttpClient.newHttpClient();
    private String url;

    @BeforeAll
    static void openBrowser() {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(Path.of("/usr/bin/chromium").toFile());
        // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
        browser = new ChromeDriver(service, o);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) browser.quit();
    }

    @AfterEach
    void stopDashboard() {
        jpm.jpm("dashboard", "--stop");
    }

    /** Starts the dashboard in the background and returns its URL (with the token). */
    private String startDashboard() {
        JpmHomeFixture.Result r = jpm.jpm("dashboard", "--detach").ok();
        url = r.out().lines().filter(l -> l.startsWith("jpm dashboard: ")).findFirst().orElseThrow().substring("jpm dashboard: ".length());
        assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[0-9a-f]{64}");
        try {
            // the pid file holds the URL with its token: private to the user
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jpm.home().resolve("dashboard.pid")))).isEqualTo("rw-------");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return url;
    }

    private String base() {
        return url.substring(0, url.indexOf("/?token="));
    }

    private String token() {
        return url.substring(url.indexOf("token=") + "token=".length());
    }

    private long pidOf(String app) {
        return jpm.jlist().stream().filter(i -> i.get("name").equals(app)).map(i -> (Long) i.get("pid")).findFirst().orElseThrow();
    }

    private String appStatus(String app) {
        List<WebElement> cells = browser.findElements(By.cssSelector("#apps tr[data-app='default/" + app + "'] td.state span"));
        return cells.isEmpty() ? null : cells.getFirst().getAttribute("data-status");
    }

    @Test
    void theTableShowsTheAppsAndAStatusChangesLiveAfterKill9() throws Exception {
        jpm.jpm("start", "--name", "web", "--no-autorestart", JpmHomeFixture.fixture("counter.sh").toString()).ok();
        jpm.jpm("start", "--name", "api", "-i", "2", JpmHomeFixture.fixture("counter.sh").toString()).ok();
        startDashboard();
        browser.get(url);
        // the token went into a cookie: the address bar no longer shows it
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.getCurrentUrl().equals(base() + "/"));
        await().atMost(WAIT).ignoreExceptions().until(() -> "online".equals(appStatus("web")) && "online".equals(appStatus("api")));
        // the table is drawn anew with each picture: read it inside waits, never holding an element
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.cssSelector("#apps tr[data-app='default/api'] td.online"))
                .getText().equals("2/2"));

        long pid = pidOf("web");
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        // the page is not reloaded: the change arrives over the event stream
        await().atMost(WAIT).ignoreExceptions().until(() -> List.of("stopped", "errored").contains(appStatus("web")));
        assertThat(browser.findElements(By.cssSelector("#events li[data-type='exited']"))).isNotEmpty();
        await().atMost(WAIT).ignoreExceptions().until(() -> "online".equals(appStatus("api")));
    }

    @Test
    void theRestartButtonRestartsTheApp() {
        jpm.jpm("start", "--name", "web", JpmHomeFixture.fixture("counter.sh").toString()).ok();
        long before = pidOf("web");
        startDashboard();
        browser.get(url);
        browser.get(base() + "/app?app=default%2Fweb");
        By pidCell = By.cssSelector("#instances tr[data-id] td.pid");
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElements(pidCell).stream().anyMatch(e -> e.getText().equals(Long.toString(before))));
        // the log tail shows the app's output
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("logs")).getText().contains("line 20"));

        browser.findElement(By.cssSelector("button[data-verb='restart']")).click();
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.id("message")).getText().startsWith("restart: 1 instance"));
        long after = pidOf("web");
        assertThat(after).isNotEqualTo(before);
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElements(pidCell).stream().anyMatch(e -> e.getText().equals(Long.toString(after))));
        await().atMost(WAIT).ignoreExceptions().until(() -> !browser.findElements(By.cssSelector("#events li[data-type='starting']")).isEmpty());
    }

    @Test
    void aRequestWithoutTheTokenIsRefused() throws Exception {
        startDashboard();
        for (String path : List.of("/", "/app?app=default%2Fweb", "/api/stream", "/static/common.js")) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as(path).isEqualTo(401);
        }
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base() + "/?token=" + "0".repeat(64))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        browser.manage().deleteAllCookies();
        browser.get(base() + "/");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("401 unauthorized");
    }

    @Test
    void aCrossOriginPostIsRefused() throws Exception {
        jpm.jpm("start", "--name", "web", JpmHomeFixture.fixture("counter.sh").toString()).ok();
        long before = pidOf("web");
        startDashboard();
        String body = "{\"verb\": \"restart\", \"app\": \"default/web\"}";
        Map<String, String> crossSite = Map.of("Origin", "http://evil.example");
        Map<String, String> fetchMetadata = Map.of("Sec-Fetch-Site", "cross-site");
        for (Map<String, String> headers : List.of(crossSite, fetchMetadata)) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + "/api/action")).header("X-Jpm-Token", token())
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(b::header);
            assertThat(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as(headers.toString()).isEqualTo(403);
        }
        // with the cookie but without the header, as a form on another site would send it
        HttpRequest form = HttpRequest.newBuilder(URI.create(base() + "/api/action"))
                .header("Cookie", "jpm_dashboard_" + URI.create(base()).getPort() + "=" + token())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        assertThat(http.send(form, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        assertThat(pidOf("web")).isEqualTo(before);
        // the same request from the dashboard's own origin is served: the refusals above were for the origin
        HttpRequest same = HttpRequest.newBuilder(URI.create(base() + "/api/action")).header("X-Jpm-Token", token())
                .header("Origin", base()).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        assertThat(http.send(same, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(pidOf("web")).isNotEqualTo(before);
    }

    @Test
    void thePortBindOpenAndOneDashboardPerHome() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // --open runs xdg-open with the URL: a stand-in on PATH records what it was given
        Path bin = Files.createDirectories(jpm.home().resolve("fake-bin"));
        Path opened = jpm.home().resolve("opened.txt");
        Path xdgOpen = bin.resolve("xdg-open");
        Files.writeString(xdgOpen, "#!/bin/sh\necho \"$1\" > " + opened + "\n");
        Files.setPosixFilePermissions(xdgOpen, PosixFilePermissions.fromString("rwx------"));
        JpmHomeFixture.Result r = jpm.jpmWithEnv(Map.of("PATH", bin + ":" + System.getenv("PATH")),
                "dashboard", "--detach", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--open").ok();
        url = r.out().lines().filter(l -> l.startsWith("jpm dashboard: ")).findFirst().orElseThrow().substring("jpm dashboard: ".length());
        assertThat(url).startsWith("http://127.0.0.1:" + port + "/?token=");
        await().atMost(WAIT).until(() -> Files.exists(opened) && Files.readString(opened).strip().equals(url));

        // a second one for the same home names the first and the way to end it
        JpmHomeFixture.Result again = jpm.jpm("dashboard", "--detach");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("a dashboard already runs", url, "jpm dashboard --stop");
        assertThat(jpm.jpm("dashboard", "--stop").ok().out()).contains("stopped the dashboard");
        assertThat(jpm.jpm("dashboard", "--stop").ok().out()).contains("no dashboard runs for this home");

        JpmHomeFixture.Result badPort = jpm.jpm("dashboard", "--port", "70000");
        assertThat(badPort.exit()).isEqualTo(2);
        assertThat(badPort.err()).contains("--port must be from 0 to 65535, got 70000");
        // anything but loopback needs --allow-remote, and gets a warning with it
        JpmHomeFixture.Result remote = jpm.jpm("dashboard", "--bind", "0.0.0.0");
        assertThat(remote.exit()).isEqualTo(2);
        assertThat(remote.err()).contains("--bind 0.0.0.0 is not a loopback address", "--allow-remote");
        JpmHomeFixture.Result allowed = jpm.jpm("dashboard", "--detach", "--bind", "0.0.0.0", "--allow-remote").ok();
        assertThat(allowed.err()).contains("WARNING: listening on 0.0.0.0, not on loopback");
        assertThat(allowed.out()).contains("jpm dashboard: http://");
    }

    @Test
    void screenshotsOfTheMainPageAndAnAppPage() throws Exception {
        jpm.jpm("start", "--name", "worker", "-i", "2", JpmHomeFixture.fixture("worker.py").toString()).ok();
        jpm.jpm("start", "--name", "web", "--namespace", "shop", JpmHomeFixture.fixture("counter.sh").toString()).ok();
        jpm.jpm("start", "--name", "mailer", "--namespace", "shop", "--no-autorestart", JpmHomeFixture.fixture("counter.sh").toString()).ok();
        new ProcessBuilder("kill", "-9", Long.toString(pidOf("mailer"))).start().waitFor();
        startDashboard();
        // events the page can show: it keeps those since the dashboard started
        jpm.jpm("restart", "web").ok();
        jpm.jpm("restart", "worker").ok();
        browser.manage().window().setSize(new Dimension(1280, 880));
        browser.get(url);
        await().atMost(WAIT).ignoreExceptions().until(() -> "online".equals(appStatus("worker")));
        Path dir = Path.of(System.getProperty("jpm.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        browser.findElement(By.id("diff-file")).sendKeys(JpmHomeFixture.fixture("../../ecosystem.example.yaml").normalize().toString());
        browser.findElement(By.cssSelector("#diff-form button")).click();
        await().atMost(WAIT).ignoreExceptions().until(() -> !browser.findElement(By.id("diff-output")).getText().startsWith("planning"));
        save(dir.resolve("dashboard-main.png"));

        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.get(base() + "/app?app=default%2Fworker");
        // enough samples for the charts to draw lines (one every 2 s), counted in the page: the chart is redrawn meanwhile
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("const ls = [...document.querySelectorAll('#cpu-chart polyline')];"
                        + " return ls.length === 2 && ls.every(l => l.getAttribute('points').split(' ').length >= 12);")));
        save(dir.resolve("dashboard-app.png"));
        assertThat(browser.findElement(By.id("logs")).getText()).contains("job ");
    }

    private static void save(Path to) throws Exception {
        Path shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
