package io.tether.command.notice;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where notices may go: https URLs whose host resolves to public addresses only. Private, loopback,
 * link-local (cloud metadata), carrier-grade NAT, unique-local, multicast and unspecified addresses are
 * refused, and so is http, unless {@code tether.notices.allow-private-targets} is set. Checked when an
 * endpoint is registered and again before every attempt, as a name may resolve elsewhere later.
 */
@Component
class NoticeTargets {

    private final boolean allowPrivateTargets;

    NoticeTargets(NoticeProperties properties) {
        this.allowPrivateTargets = properties.allowPrivateTargets();
    }

    /** Why the URL may not receive notices, if it may not. */
    Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            return Optional.of("must be an absolute URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPrivateTargets && scheme.equals("http"))) {
            return Optional.of("must be an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("must name a host, without user information or a fragment");
        }
        if (allowPrivateTargets) {
            return Optional.empty();
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (isPrivate(address)) {
                    return Optional.of("must not name a private, loopback or link-local address");
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of("names a host that does not resolve");
        }
        return Optional.empty();
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240
                    || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19));
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            // fc00::/7 unique-local; an IPv4 address embedded (::a.b.c.d, 64:ff9b::/96) is judged as that address.
            if ((first & 0xfe) == 0xfc) {
                return true;
            }
            boolean embedsIpv4 = isZero(bytes, 0, 12) || (first == 0x00 && (bytes[1] & 0xff) == 0x64
                    && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b && isZero(bytes, 4, 12));
            if (embedsIpv4) {
                try {
                    return isPrivate(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
