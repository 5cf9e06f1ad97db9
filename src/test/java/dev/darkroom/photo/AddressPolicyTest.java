package dev.darkroom.photo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.9.9.9", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
            "fd00::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "198.18.0.1",
            // The rest of the IANA special-purpose registries.
            "192.0.0.8", "192.0.2.1", "198.51.100.7", "203.0.113.200", "192.88.99.1", "192.31.196.1", "192.52.193.1",
            "192.175.48.1", "240.0.0.1", "100::1", "100:0:0:1::1", "2001:db8::1", "3fff::1", "64:ff9b::8.8.8.8",
            "64:ff9b:1::1", "2002:7f00:1::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:2::1", "2001:10::1",
            "2620:4f:8000::1", "5f00::1", "::127.0.0.1", "::8.8.8.8", "fec0::1", "ff02::1", "::ffff:192.0.2.1"})
    void refusesAddressesAUserCannotReachButTheServerCan(String address) throws Exception {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(address))).as(address).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void namesTheIpv4AddressThatAnIpv6AddressCarries() throws Exception {
        assertThat(AddressPolicy.refusal(InetAddress.getByName("2002:7f00:1::1"))).contains("6to4").contains("127.0.0.1");
        assertThat(AddressPolicy.refusal(InetAddress.getByName("64:ff9b::a9fe:a9fe"))).contains("NAT64")
                .contains("169.254.169.254");
        assertThat(AddressPolicy.refusal(InetAddress.getByName("::10.0.0.1"))).contains("IPv4-compatible").contains("10.0.0.1");
        assertThat(AddressPolicy.refusal(InetAddress.getByName("2001:0:4136:e378:8000:63bf:80ff:fffe")))
                .contains("Teredo").contains("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:2800:220:1::1", "::ffff:8.8.8.8", "192.0.3.1",
            "198.51.101.1", "203.0.114.1", "2001:db9::1", "2003::1", "2001:200::1"})
    void allowsPublicAddresses(String address) throws Exception {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(address))).as(address).isNull();
    }
}
