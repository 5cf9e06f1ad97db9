package dev.darkroom.photo;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses a download may connect to: public unicast only. Everything a server can reach
 * that the user cannot (loopback, private and shared ranges, link-local including the cloud
 * metadata address 169.254.169.254, multicast, unspecified, reserved) is refused, whatever name
 * it was reached by. Webhook deliveries are held to the same policy.
 */
public final class AddressPolicy {

    private AddressPolicy() {
    }

    /** Null if the address may be used; otherwise why not, for the user. */
    public static String refusal(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.isAnyLocalAddress()) {
            return "is the unspecified address";
        }
        if (a.isLoopbackAddress()) {
            return "is a loopback address";
        }
        if (a.isLinkLocalAddress()) {
            return "is a link-local address (this includes cloud metadata services)";
        }
        if (a.isSiteLocalAddress()) {
            return "is a private network address";
        }
        if (a.isMulticastAddress()) {
            return "is a multicast address";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "is in 0.0.0.0/8, which names no host";
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return "is a shared (carrier-grade NAT) address";
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return "is an IETF protocol address";
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return "is a benchmarking address";
            }
            if (first >= 240) {
                return "is a reserved address";
            }
        }
        if (a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return "is a unique local (private) IPv6 address";
        }
        return null;
    }

    /** ::ffff:10.0.0.1 is 10.0.0.1 to the network stack, so judge it as such. */
    private static InetAddress unmapped(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && b.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (java.net.UnknownHostException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
        return address;
    }
}
