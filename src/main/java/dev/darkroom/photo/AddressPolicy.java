package dev.darkroom.photo;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which addresses a download may connect to: ordinary public unicast only. The table below is the
 * one place that says which are not: every block of the IANA IPv4 and IPv6 Special-Purpose Address
 * Registries (RFC 6890 and its updates), plus multicast and the deprecated IPv6 site-local block.
 * A special-purpose address is never where a photo is hosted, so even the blocks the registry calls
 * globally reachable (anycast services, translation prefixes) are refused rather than reasoned
 * about one by one. Addresses that carry an IPv4 address inside an IPv6 one (mapped, compatible,
 * NAT64, 6to4, Teredo) name that address in the refusal; the mapped form is judged as the IPv4
 * address it is, since that is where the network stack connects.
 */
final class AddressPolicy {

    /** One special-purpose block and why a download may not use it, as the user reads it. */
    record Block(byte[] network, int bits, String why) {

        static Block of(String cidr, String why) {
            int slash = cidr.indexOf('/');
            return new Block(literal(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)), why);
        }

        boolean contains(byte[] address) {
            if (network.length != address.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final Block SIX_TO_FOUR = Block.of("2002::/16", "");
    private static final Block TEREDO = Block.of("2001::/32", "");
    private static final Block NAT64 = Block.of("64:ff9b::/96", "");
    private static final Block COMPATIBLE = Block.of("::/96", "");

    /** The IANA special-purpose registries (IPv4 and IPv6), as of 2025, plus multicast. */
    static final List<Block> BLOCKS = List.of(
            Block.of("0.0.0.0/8", "is in 0.0.0.0/8 (\"this network\"), which names no host"),
            Block.of("10.0.0.0/8", "is a private network address"),
            Block.of("100.64.0.0/10", "is a shared (carrier-grade NAT) address"),
            Block.of("127.0.0.0/8", "is a loopback address"),
            Block.of("169.254.0.0/16", "is a link-local address (this includes cloud metadata services)"),
            Block.of("172.16.0.0/12", "is a private network address"),
            Block.of("192.0.0.0/24", "is an IETF protocol address"),
            Block.of("192.0.2.0/24", "is a documentation address (TEST-NET-1)"),
            Block.of("192.31.196.0/24", "is an AS112 service address"),
            Block.of("192.52.193.0/24", "is an AMT relay anycast address"),
            Block.of("192.88.99.0/24", "is a 6to4 relay anycast address"),
            Block.of("192.168.0.0/16", "is a private network address"),
            Block.of("192.175.48.0/24", "is an AS112 direct-delegation address"),
            Block.of("198.18.0.0/15", "is a benchmarking address"),
            Block.of("198.51.100.0/24", "is a documentation address (TEST-NET-2)"),
            Block.of("203.0.113.0/24", "is a documentation address (TEST-NET-3)"),
            Block.of("224.0.0.0/4", "is a multicast address"),
            Block.of("240.0.0.0/4", "is a reserved address"),
            Block.of("255.255.255.255/32", "is the broadcast address"),

            Block.of("::/128", "is the unspecified address"),
            Block.of("::1/128", "is a loopback address"),
            Block.of("::/96", "is an IPv4-compatible IPv6 address"),
            Block.of("64:ff9b::/96", "is a NAT64 translation address"),
            Block.of("64:ff9b:1::/48", "is a local-use NAT64 translation address"),
            Block.of("100::/64", "is a discard-only address"),
            Block.of("100:0:0:1::/64", "is a dummy IPv6 prefix address"),
            Block.of("2001::/32", "is a Teredo tunnelling address"),
            Block.of("2001::/23", "is an IETF protocol address"),
            Block.of("2001:db8::/32", "is a documentation address"),
            Block.of("2002::/16", "is a 6to4 tunnelling address"),
            Block.of("2620:4f:8000::/48", "is an AS112 direct-delegation address"),
            Block.of("3fff::/20", "is a documentation address"),
            Block.of("5f00::/16", "is a segment-routing (SRv6) address"),
            Block.of("fc00::/7", "is a unique local (private) IPv6 address"),
            Block.of("fe80::/10", "is a link-local address"),
            Block.of("fec0::/10", "is a site-local (private) IPv6 address"),
            Block.of("ff00::/8", "is a multicast address"));

    private AddressPolicy() {
    }

    /** Null if the address may be used; otherwise why not, for the user. */
    static String refusal(InetAddress address) {
        InetAddress a = unmapped(address);
        byte[] bytes = a.getAddress();
        for (Block block : BLOCKS) {
            if (block.contains(bytes)) {
                String embedded = embeddedIpv4(a);
                return block.why() + (embedded == null ? "" : " (carrying the IPv4 address " + embedded + ")");
            }
        }
        return null;
    }

    /** The IPv4 address an IPv6 translation or tunnelling address carries, if it is one. */
    static String embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] b = address.getAddress();
        if (SIX_TO_FOUR.contains(b)) {
            return ipv4(b[2], b[3], b[4], b[5]);
        }
        if (TEREDO.contains(b)) {
            // Teredo stores the client's address inverted in the last 32 bits.
            return ipv4((byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]);
        }
        if (NAT64.contains(b) || (COMPATIBLE.contains(b) && new BigInteger(1, b).bitLength() > 1)) {
            return ipv4(b[12], b[13], b[14], b[15]);
        }
        return null;
    }

    private static String ipv4(byte a, byte b, byte c, byte d) {
        return (a & 0xff) + "." + (b & 0xff) + "." + (c & 0xff) + "." + (d & 0xff);
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
                return byAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
        }
        return address;
    }

    /** The bytes of a numeric address written in the table; never a name lookup. */
    private static byte[] literal(String text) {
        if (!text.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an address literal: " + text);
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
