package dev.nodemesh.epmd;

/**
 * What an EPMD knows about one registered node: the answer to a PORT_PLEASE2_REQ.
 *
 * @param alive the alive name (the part of the node name before {@code @})
 * @param port the TCP port where the node accepts distribution connections, 1..65535
 * @param nodeType the registered node type byte; OTP sends 77 ({@code 'M'}) even for hidden
 *     nodes, so it says nothing about visibility
 * @param protocol the transport protocol, 0 for TCP/IPv4
 * @param highestVersion the highest distribution protocol version the node speaks (6 for OTP 23+)
 * @param lowestVersion the lowest version it announced (OTP 25 announces 5, although it speaks 6
 *     only)
 */
public record EpmdEntry(String alive, int port, int nodeType, int protocol, int highestVersion, int lowestVersion) {}
