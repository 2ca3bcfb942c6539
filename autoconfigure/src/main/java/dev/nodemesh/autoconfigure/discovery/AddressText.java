package dev.nodemesh.autoconfigure.discovery;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Writes an IP address the way Erlang's {@code inet:ntoa/1} does, so that a member found by
 * address gets the very node name a BEAM node on that address runs with ({@code mesh@fd00::1},
 * where Java would write {@code fd00:0:0:0:0:0:0:1}): IPv4 dotted; IPv6 in lowercase hex groups
 * without leading zeros, the longest run of two or more zero groups (the first of equal runs)
 * written {@code ::}.
 */
final class AddressText {

    private static final int GROUPS = 8;

    private AddressText() {}

    static String of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[GROUPS];
        for (int i = 0; i < GROUPS; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < GROUPS; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < GROUPS && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < GROUPS; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
