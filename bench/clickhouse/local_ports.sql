-- local_ports.sql: iotscope's local_ports.tsv (see docs/engine.md, `iotscope summarize`) computed
-- by ClickHouse 18.16 straight from IoT Inspector shape A files, for the comparison benchmark.
--
-- A template: run_local_ports.sh substitutes the placeholders written in braces below:
--   FLOWS      a UNION ALL of file('...', 'CSVWithNames', '<every header column> String') reads
--   DEVICES    user_key, device_id, device_ip of the devices table(s), header row dropped
--   TS_EXPR    Float64 Unix seconds from the text column `ts` (parsed digit by digit like
--               iotscope does, so window gaps compare bit-identically)
--   FLOW_GAP   seconds; windows of one key further apart start a new flow (iotscope: --flow-gap)
--
-- ClickHouse 18.16 has no CTEs, window functions or IPv4 type, hence nested subqueries, arrays
-- for the time-ordered flow re-assembly, and addresses as UInt32. Innermost first:
--   1. parse window rows, drop remote port 44444 (IoT Inspector's own probes) and bad rows
--   2. per flow key: sort its windows by time, number the flows (a gap > FLOW_GAP starts one)
--   3. per flow: windows, bytes, initiator (first non-empty syn_originator in time order)
--   4. scope, from a join on the homes' device addresses (temporary table lan_addresses)
--   5. per (device, local port, transport, scope): single-use test, partial distinct states
--   6. fold single-use ports into port 0 and merge the distinct states

-- The devices of each home by address, to recognise LAN peers. A table of its own because
-- 18.16 cannot read file() on the right side of a JOIN or IN ("Attempt to read after eof").
-- DEVICES reads its files as CSV / TSV without names and drops the header row itself: filling a
-- table reads file() twice, and with CSVWithNames the second read loses the first data row.
CREATE TEMPORARY TABLE lan_addresses ENGINE = Memory AS
SELECT user_key, IPv4StringToNum(device_ip) AS rip, groupUniqArray(device_id) AS lan_devices
FROM
(
    {DEVICES}
)
WHERE rip != 0
GROUP BY user_key, rip;

SELECT
    user_key AS home,
    device_id AS device,
    if(single_use, 0, lport) AS port,
    transport,
    scope,
    sum(group_flows) AS flows,
    sum(group_bytes) AS bytes,
    uniqExactMerge(group_remote_ports) AS distinct_remote_ports,
    uniqExactMerge(group_remote_hosts) AS distinct_remote_hosts,
    sum(group_windows) AS windows
FROM
(
    -- 5. a group with one flow the remote side did not open is a client's ephemeral port;
    --    real port 0 folds too
    SELECT
        user_key, device_id, lport, transport, scope,
        count() AS group_flows,
        sum(flow_bytes) AS group_bytes,
        sum(flow_windows) AS group_windows,
        (group_flows = 1 AND countIf(initiator = 2) = 0) OR lport = 0 AS single_use,
        uniqExactState(rport) AS group_remote_ports,
        uniqExactState(rip) AS group_remote_hosts
    FROM
    (
        -- 4. scope: another device of the same home, multicast / broadcast, other local, external
        SELECT
            user_key, device_id, lport, rip, rport, transport, flow_bytes, flow_windows, initiator,
            bitShiftRight(rip, 24) = 10 OR bitShiftRight(rip, 20) = 2753      -- 10/8, 172.16/12
                OR bitShiftRight(rip, 16) = 49320 OR bitShiftRight(rip, 22) = 401  -- 192.168/16, 100.64/10
                AS private_address,
            multiIf(
                length(lan_devices) - has(lan_devices, device_id) > 0, 'local_device',
                bitShiftRight(rip, 28) = 14 OR rip = 4294967295
                    OR (private_address AND bitAnd(rip, 255) = 255), 'multicast_broadcast',
                private_address OR bitShiftRight(rip, 16) = 43518 OR bitShiftRight(rip, 24) = 127
                    OR local_name, 'local_unknown',
                'external') AS scope
        FROM
        (
            -- 3. one row per re-assembled flow
            SELECT
                user_key, device_id, lport, rip, rport, transport,
                count() AS flow_windows,
                sum(window.2) AS flow_bytes,
                -- the earliest non-empty originator; at equal times the smaller code, like iotscope
                argMinIf(window.3, (window.1, window.3), window.3 != 0) AS initiator,
                max(window.4) AS local_name
            FROM
            (
                -- 2. the windows of one key in time order, numbered by flow
                SELECT
                    user_key, device_id, lport, rip, rport, transport,
                    arraySort(groupArray((ts_seconds, window_bytes, syn, named_local))) AS windows_in_order,
                    -- t - previous is exact for neighbouring doubles, and equals iotscope's
                    -- "previous + gap >= t" test while previous + gap is exact (2001-2038, gap
                    -- a multiple of 2^-22 s)
                    arrayCumSum(arrayMap(gap -> gap > {FLOW_GAP},
                        arrayDifference(arrayMap(w -> w.1, windows_in_order)))) AS flow_numbers
                FROM
                (
                    -- 1. window rows; rows iotscope rejects as bad (empty or non-integer port,
                    --    unknown protocol or originator, no time, unparsable address) are skipped
                    SELECT
                        user_key,
                        device_id,
                        toFloat64OrZero(device_port) AS lport_value,  -- '443.0' too
                        toFloat64OrZero(remote_port) AS rport_value,
                        toUInt16(lport_value) AS lport,
                        IPv4StringToNum(remote_ip) AS rip,
                        toUInt16(rport_value) AS rport,
                        multiIf(protocol IN ('tcp', 'TCP', '6'), 'tcp',
                                protocol IN ('udp', 'UDP', '17'), 'udp', '') AS transport,
                        -- 0 unknown, 1 device ('local'), 2 remote: iotscope's Initiator order
                        toUInt8(multiIf(syn_originator = 'local', 1, syn_originator = 'remote', 2, 0)) AS syn,
                        toUInt8(remote_hostname = '(Local Network)') AS named_local,
                        toUInt64(toFloat64OrZero(in_byte_count)) + toUInt64(toFloat64OrZero(out_byte_count)) AS window_bytes,
                        {TS_EXPR} AS ts_seconds
                    FROM
                    (
                        {FLOWS}
                    )
                    WHERE user_key != '' AND device_id != '' AND ts != '' AND transport != ''
                        AND device_port != '' AND lport_value <= 65535 AND lport_value = floor(lport_value)
                        AND (lport_value != 0 OR device_port IN ('0', '0.0'))
                        AND remote_port != '' AND rport_value <= 65535 AND rport_value = floor(rport_value)
                        AND (rport_value != 0 OR remote_port IN ('0', '0.0'))
                        AND syn_originator IN ('', 'local', 'remote', 'nan', 'NaN', 'None', 'null')
                        AND (rip != 0 OR remote_ip = '0.0.0.0')
                        AND rport != 44444  -- IoT Inspector's own SYN probes of the device
                )
                GROUP BY user_key, device_id, lport, rip, rport, transport
            )
            ARRAY JOIN windows_in_order AS window, flow_numbers AS flow_number
            GROUP BY user_key, device_id, lport, rip, rport, transport, flow_number
        )
        ANY LEFT JOIN lan_addresses USING (user_key, rip)
    )
    GROUP BY user_key, device_id, lport, transport, scope
)
GROUP BY home, device, port, transport, scope
FORMAT TabSeparated;
