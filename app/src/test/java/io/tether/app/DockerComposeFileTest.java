package io.tether.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps {@code docker-compose.yml}, the split deployment, in step with what the build produces, what
 * the code reads and what {@code docs/operations.md} and {@code docs/vault.md} say, since nothing else runs it
 * in the build. Surefire runs in the module's directory, so the repository root is {@code ..}.
 */
class DockerComposeFileTest {

    private static final Path ROOT = Path.of("..");
    private static final List<String> SERVICES = List.of("postgres", "vault", "vault-init", "command-side", "query-side");
    private static final List<String> ONE_SHOT_SERVICES = List.of("vault-init");
    private static final List<String> SECRET_VARIABLES = List.of("TETHER_JWT_SECRET", "TETHER_KEYRING_MASTER_KEY");
    private static final String CLASS_ARCHIVE_OPTION = "-XX:SharedArchiveFile=app/target/tether/tether.jsa";

    @Test
    void composeFile_definesExactlyTheSplitDeploymentsServices() throws IOException {
        assertThat(services().keySet()).containsExactlyInAnyOrderElementsOf(SERVICES);
    }

    @Test
    void everyLongRunningService_hasAHealthcheck() throws IOException {
        for (String name : SERVICES) {
            if (ONE_SHOT_SERVICES.contains(name)) {
                continue;
            }
            Map<String, Object> healthcheck = map(service(name).get("healthcheck"), name + ".healthcheck");
            assertThat(healthcheck.get("test")).as("%s.healthcheck.test", name).isNotNull().asString().isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"command-side", "query-side"})
    void sides_waitForAHealthyPostgres(String side) throws IOException {
        Map<String, Object> dependsOn = map(service(side).get("depends_on"), side + ".depends_on");
        Map<String, Object> postgres = map(dependsOn.get("postgres"), side + ".depends_on.postgres");
        assertThat(postgres.get("condition")).as("%s.depends_on.postgres.condition", side).isEqualTo("service_healthy");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"command-side", "query-side"})
    void sides_receiveTheSharedPostgresTheJwtSecretAndTheirPort(String side) throws IOException {
        Map<String, Object> environment = environment(side);
        assertThat(environment).as("%s.environment", side).containsKeys(
                "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD",
                "TETHER_JWT_SECRET", "SERVER_PORT");
        assertThat(String.valueOf(environment.get("SPRING_DATASOURCE_URL")))
                .as("%s's SPRING_DATASOURCE_URL", side)
                .matches("jdbc:postgresql://postgres(:\\d+)?/\\w+");
        // The class archive is the unpacked jar's, which the sides' single jars cannot use (docs/operations.md).
        assertThat(environment.get("JAVA_TOOL_OPTIONS")).as("%s's JVM options, as the README's run command sets them", side)
                .isEqualTo(runCommandJvmOptions().replace(" " + CLASS_ARCHIVE_OPTION, ""));
    }

    /** docs/operations.md shows the README's run command and explains its JVM options; the two stay the same command. */
    @Test
    void operationsGuide_showsTheReadmesRunCommand() throws IOException {
        assertThat(Files.readString(ROOT.resolve("docs/operations.md")))
                .contains("java " + runCommandJvmOptions() + " -jar app/target/tether/tether.jar");
    }

    /**
     * The README's run command maps the classes a start loads from the archive the build writes beside the jar; the
     * build records it and checks it with the run command's other options (a heap or compiler option the recording
     * start did not share is one the archive was not checked with).
     */
    @Test
    void readmesRunCommand_usesTheClassArchiveTheBuildWritesAndChecks() throws IOException {
        String options = runCommandJvmOptions();
        assertThat(options).as("README.md's run command's JVM options").endsWith(" " + CLASS_ARCHIVE_OPTION);
        String pom = Files.readString(ROOT.resolve("app/pom.xml"));
        assertThat(pom).as("app/pom.xml, which records the archive")
                .contains("<argument>-XX:ArchiveClassesAtExit=${project.build.directory}/tether/tether.jsa</argument>")
                .contains("<argument>-Xshare:on</argument>", "<argument>-XX:+PrintSharedArchiveAndExit</argument>");
        for (String option : options.replace(CLASS_ARCHIVE_OPTION, "").trim().split(" ")) {
            assertThat(pom.split(Pattern.quote("<argument>" + option + "</argument>"), -1))
                    .as("app/pom.xml's recording start and its check, each with the run command's %s", option).hasSize(3);
        }
    }

    /** The JVM options of the README's command that starts the service. */
    private static String runCommandJvmOptions() throws IOException {
        Matcher command = Pattern.compile("&& java ((?:-\\S+ )+)-jar app/target/tether/tether\\.jar")
                .matcher(Files.readString(ROOT.resolve("README.md")));
        assertThat(command.find()).as("README.md's run command, java <options> -jar app/target/tether/tether.jar").isTrue();
        return command.group(1).strip();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"command-side", "query-side"})
    void sides_refuseToStartWithoutTheirSecrets(String side) throws IOException {
        Map<String, Object> environment = environment(side);
        for (String secret : SECRET_VARIABLES) {
            if (environment.containsKey(secret)) {
                assertThat(String.valueOf(environment.get(secret)))
                        .as("%s's %s, which compose must refuse to leave empty", side, secret)
                        .startsWith("${" + secret + ":?");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"command-side", "query-side"})
    void sides_runTheExecutableJarTheirPomBuilds(String side) throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ROOT.resolve(side).resolve("pom.xml").toFile());
        XPath xpath = XPathFactory.newInstance().newXPath();
        String finalName = xpath.evaluate("/project/build/finalName", pom).strip();
        String classifier = xpath.evaluate(
                "/project/build/plugins/plugin[artifactId='spring-boot-maven-plugin']"
                        + "/executions/execution[goals/goal='repackage']/configuration/classifier", pom).strip();
        assertThat(finalName).as("%s/pom.xml's finalName", side).isEqualTo("tether-" + side);
        assertThat(classifier).as("%s/pom.xml's repackage classifier", side).isEqualTo("exec");

        List<?> command = list(service(side).get("command"), side + ".command");
        int jarFlag = command.indexOf("-jar");
        assertThat(jarFlag).as("%s.command runs a jar: %s", side, command).isNotNegative().isLessThan(command.size() - 1);
        Object jarInContainer = command.get(jarFlag + 1);

        List<?> volumes = list(service(side).get("volumes"), side + ".volumes");
        assertThat(volumes)
                .as("%s.volumes, in long syntax, mounting the jar that its command runs", side)
                .anySatisfy(volume -> {
                    Map<String, Object> mount = map(volume, side + " volume");
                    assertThat(mount.get("target")).isEqualTo(jarInContainer);
                    assertThat(mount.get("source"))
                            .isEqualTo("./" + side + "/target/" + finalName + "-" + classifier + ".jar");
                });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"command-side", "query-side"})
    void sides_passOnlyTetherAndVaultVariablesTheCodeReads(String side) throws IOException {
        String defaults = Files.readString(
                ROOT.resolve("infrastructure/src/main/resources/tether-defaults.yml"));
        List<String> tetherVariables = environment(side).keySet().stream()
                .filter(name -> name.startsWith("TETHER_") || name.startsWith("VAULT_") || name.startsWith("AMAZON_"))
                .toList();
        assertThat(tetherVariables).as("%s's TETHER_* variables", side).isNotEmpty();
        for (String variable : tetherVariables) {
            assertThat(defaults).as("tether-defaults.yml reading %s, which compose passes to %s", variable, side)
                    .contains("${" + variable);
        }
    }

    @Test
    void commandSide_sealsCredentialsWithTheComposeFilesVault_loggedInWithTheAppRole_neverTheRootToken()
            throws IOException {
        Map<String, Object> environment = environment("command-side");
        assertThat(environment.get("TETHER_CREDENTIAL_CIPHER")).isEqualTo("vault");
        assertThat(String.valueOf(environment.get("VAULT_ADDR"))).startsWith("http://vault:");
        assertThat(environment).doesNotContainKeys("VAULT_TOKEN", "VAULT_ROLE_ID", "VAULT_SECRET_ID");
        assertThat(environment("query-side")).doesNotContainKeys("VAULT_TOKEN", "VAULT_ROLE_ID", "VAULT_SECRET_ID",
                "SPRING_CONFIG_IMPORT", "TETHER_KEYRING_MASTER_KEY");

        String configTree = String.valueOf(environment.get("SPRING_CONFIG_IMPORT"));
        assertThat(configTree).as("the command side reading the AppRole's ids as a config tree").startsWith("configtree:");
        String appRoleDirectory = configTree.substring("configtree:".length()).replaceAll("/$", "");
        Object appRoleVolume = volumeAt("command-side", appRoleDirectory);
        assertThat(volumeAt("vault-init", String.valueOf(list(service("vault-init").get("command"), "vault-init.command")
                .get(1)))).as("vault-init writing the ids into the volume the command side reads").isEqualTo(appRoleVolume);
    }

    @Test
    void operationsGuide_namesEveryService() throws IOException {
        Path guideFile = ROOT.resolve("docs/operations.md");
        assertThat(guideFile).as("docs/operations.md, which describes the split deployment").isRegularFile();
        String guide = Files.readString(guideFile);
        for (String name : services().keySet()) {
            assertThat(guide).as("docs/operations.md naming the compose service %s", name).contains("`" + name + "`");
        }
    }

    @Test
    void vaultInit_runsTheRepositorysScript_whichWritesTheRepositorysPolicy_andNamesTheSettingsItFills()
            throws IOException {
        List<?> command = list(service("vault-init").get("command"), "vault-init.command");
        assertThat(command.get(0)).isEqualTo("/tether-vault/init.sh");
        assertThat(volumeSourceAt("vault-init", "/tether-vault")).isEqualTo("./vault");
        String script = Files.readString(ROOT.resolve("vault/init.sh"));
        assertThat(ROOT.resolve("vault/tether-policy.hcl")).isRegularFile();
        assertThat(script).contains("tether-policy.hcl", "vault policy write tether", "token_policies=tether",
                "tether.vault.role-id", "tether.vault.secret-id");
        String defaults = Files.readString(ROOT.resolve("infrastructure/src/main/resources/tether-defaults.yml"));
        assertThat(defaults).contains("role-id:", "secret-id:");
    }

    /** docs/vault.md explains the compose file's Vault setup, so it names every service (README.md is the newcomer's). */
    @Test
    void vaultDocs_nameEveryService_andShowTheInitScriptsCommands() throws IOException {
        Path docsFile = ROOT.resolve("docs/vault.md");
        assertThat(docsFile).as("docs/vault.md").isRegularFile();
        String docs = Files.readString(docsFile);
        for (String name : services().keySet()) {
            assertThat(docs).as("docs/vault.md naming the compose service %s", name).contains("`" + name + "`");
        }
        assertThat(docs).as("docs/vault.md showing init.sh's commands for an existing Vault")
                .contains("vault policy write tether", "vault auth enable approle", "token_policies=tether",
                        "auth/approle/role/tether/role-id", "auth/approle/role/tether/secret-id", "VAULT_NAMESPACE");
    }

    private static Object volumeAt(String service, String target) throws IOException {
        Map<String, Object> volume = mountAt(service, target);
        assertThat(volume.get("type")).as("%s's mount at %s", service, target).isEqualTo("volume");
        return volume.get("source");
    }

    private static Object volumeSourceAt(String service, String target) throws IOException {
        return mountAt(service, target).get("source");
    }

    private static Map<String, Object> mountAt(String service, String target) throws IOException {
        return list(service(service).get("volumes"), service + ".volumes").stream()
                .map(volume -> map(volume, service + " volume"))
                .filter(volume -> target.equals(volume.get("target")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(service + " mounts nothing at " + target));
    }

    private static Map<String, Object> services() throws IOException {
        Object compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return map(map(compose, "docker-compose.yml").get("services"), "services");
    }

    private static Map<String, Object> service(String name) throws IOException {
        return map(services().get(name), name);
    }

    private static Map<String, Object> environment(String service) throws IOException {
        return map(service(service).get("environment"), service + ".environment");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String what) {
        assertThat(node).as("%s, a YAML mapping", what).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    private static List<?> list(Object node, String what) {
        assertThat(node).as("%s, a YAML sequence", what).isInstanceOf(List.class);
        return (List<?>) node;
    }
}
