import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints a one-time console link for trying the console on a developer machine. Needs only a JDK and a running Tether:
 *
 *   java scripts/ConsoleLink.java [--tether http://localhost:8080] [DevToken's options: --sub, --org, --roles, --data-dir …]
 *
 * It mints a bearer token with scripts/DevToken.java (the same options), asks Tether for a console session
 * (POST /integrations/console-sessions) and prints the link: open it within two minutes; it works once.
 */
public class ConsoleLink {

    public static void main(String[] args) throws Exception {
        String tether = "http://localhost:8080";
        List<String> tokenOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--tether") && i + 1 < args.length) {
                tether = args[++i].replaceAll("/+$", "");
            } else {
                tokenOptions.add(args[i]);
            }
        }
        List<String> devToken = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                Path.of("scripts", "DevToken.java").toString()));
        devToken.addAll(tokenOptions);
        Process minting = new ProcessBuilder(devToken).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String token = new String(minting.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (minting.waitFor() != 0 || token.isEmpty()) {
            System.exit(1);
        }
        HttpResponse<String> answer;
        try {
            answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                            .uri(URI.create(tether + "/integrations/console-sessions"))
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException notRunning) {
            System.err.println("No Tether answers at " + tether + ": start it first, or say where with --tether.");
            System.exit(1);
            return;
        }
        Matcher url = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+)\"").matcher(answer.body());
        if (answer.statusCode() != 201 || !url.find()) {
            System.err.println("Tether answered " + answer.statusCode() + ": " + answer.body());
            System.exit(1);
        }
        System.out.println(url.group(1));
    }
}
