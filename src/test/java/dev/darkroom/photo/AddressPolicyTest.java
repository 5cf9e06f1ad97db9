package dev.darkroom.photo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.9.9.9", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
            "fd00::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "198.18.0.1"})
    void refusesAddressesAUserCannotReachButTheServerCan(String address) throws Exception {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(address))).as(address).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:2800:220:1::1"})
    void allowsPublicAddresses(String address) throws Exception {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(address))).as(address).isNull();
    }
}
