package dev.nodemesh.bench.e2e;

/**
 * One node taking part in the harness, whatever runs it (erl, nodemesh, JInterface). Every
 * endpoint speaks the same small protocol, so any two make a pair:
 *
 * <ul>
 *   <li><b>sink</b>: registered {@code nm_sink}; counts {@code n} messages of any shape, then sends
 *       {@code {nm_done, n}} to {@code {nm_report, reportNode}};
 *   <li><b>pong</b>: registered {@code nm_pong}; answers {@code {ping, from, i}} with {@code {pong,
 *       i}} to {@code from};
 *   <li><b>call server</b>: a gen_server (or a mailbox speaking its protocol) registered {@code
 *       nm_call}; answers every {@code gen_server:call} with the request itself;
 *   <li><b>senders</b> register {@code nm_report} while they run and time from the first send to
 *       the sink's report.
 * </ul>
 */
interface Endpoint extends AutoCloseable {

    /**
     * Says what runs this endpoint: {@code erl}, {@code nodemesh} or {@code JInterface}.
     *
     * @return the kind
     */
    String kind();

    /**
     * Returns the node's full name.
     *
     * @return the name, such as {@code erla@localhost}
     */
    String node();

    /**
     * Starts (or restarts) the counting sink.
     *
     * @param n how many messages to count before reporting
     * @param reportNode the node whose {@code nm_report} gets {@code {nm_done, n}}
     */
    void startSink(int n, String reportNode);

    /** Starts the ping-pong server. */
    void startPong();

    /**
     * Starts the GenServer call server {@code nm_call}. Only erl and nodemesh endpoints serve
     * calls.
     */
    default void startCallServer() {
        throw new UnsupportedOperationException(kind() + " endpoints do not serve GenServer calls");
    }

    /**
     * Makes {@code n} sequential GenServer calls, {@code gen_server:call({nm_call, to}, i)}, from
     * one caller. Only erl and nodemesh endpoints make calls.
     *
     * @param to the node
     * @param n how many
     * @return the request/reply times
     */
    default Percentiles genCall(String to, int n) {
        throw new UnsupportedOperationException(kind() + " endpoints do not make GenServer calls");
    }

    /**
     * Sends {@code n} messages {@code {seq, i}} to the sink on {@code to}.
     *
     * @param to the receiving node
     * @param n how many
     * @return microseconds from the first send until the sink's report arrived
     */
    long sendSmall(String to, int n);

    /**
     * Sends the same binary of {@code size} bytes {@code n} times to the sink on {@code to}.
     *
     * @param to the receiving node
     * @param n how many
     * @param size the binary's size in bytes
     * @return microseconds from the first send until the sink's report arrived
     */
    long sendBinary(String to, int n, int size);

    /**
     * Sends {@code n} messages {@code {seq, i}} from {@code senders} concurrent senders.
     *
     * @param to the receiving node
     * @param n how many in all
     * @param senders how many senders, each sending {@code n / senders}
     * @return microseconds from the start until the sink's report arrived
     */
    long sendConcurrent(String to, int n, int senders);

    /**
     * Makes {@code n} sequential round trips to a pong server on {@code to}.
     *
     * @param to the node
     * @param n how many
     * @param server the server's registered name: {@code nm_pong}, or on a nodemesh node also
     *     {@code nm_pong_net} (the same handler run on the network thread)
     * @return the round-trip times
     */
    Percentiles pingPong(String to, int n, String server);

    /**
     * Sets up the connection to {@code to} {@code n} times, disconnecting (and pausing 5 ms outside
     * the timing) between set-ups.
     *
     * @param to the node
     * @param n how many
     * @return the set-up times
     */
    Percentiles setUp(String to, int n);

    @Override
    void close();
}
