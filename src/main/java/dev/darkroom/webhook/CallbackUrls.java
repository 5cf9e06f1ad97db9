package dev.darkroom.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

import dev.darkroom.photo.AddressPolicy;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Where Darkroom may send events: http or https, a host, no credentials in the URL, and a host that
 * resolves to public addresses only (photo/AddressPolicy, the photo downloads' policy). Checked when
 * a URL is registered, so a mistake is a 400 at once, and again at every delivery by the resolver
 * the sender connects through, since a name may resolve elsewhere by then.
 */
final class CallbackUrls {

    static final int MAX_LENGTH = 2048;

    private CallbackUrls() {
    }

    /** The URL, or an error saying why it cannot be one. */
    static URI parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("is required: the http or https URL to POST events to");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("is " + raw.length() + " characters long; at most " + MAX_LENGTH);
        }
        URI url;
        try {
            url = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a URL: " + e.getReason());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an http or https URL, got '" + raw + "'");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw new IllegalArgumentException("has no host: '" + raw + "'");
        }
        if (url.getUserInfo() != null) {
            throw new IllegalArgumentException("may not carry credentials (user:password@); put a token in the path or query");
        }
        return url;
    }

    static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    /** Empty if events may be sent to this URL's host; otherwise why not. Resolves the name (blocking, off the event loop). */
    static Mono<String> refusal(URI url, WebhookProperties properties) {
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
        if (properties.allows(host, port(url))) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                return "the host name " + host + " could not be resolved";
            }
            for (InetAddress address : addresses) {
                String refusal = AddressPolicy.refusal(address);
                if (refusal != null) {
                    return "the host " + host + " resolves to " + address.getHostAddress() + ", which " + refusal
                            + "; Darkroom sends events only to public addresses";
                }
            }
            return null;
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
