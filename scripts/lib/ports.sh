# Sourced by the scripts that start test servers. pick_port prints a loopback port that nothing
# answers on now, chosen between 10000 and the start of the kernel's ephemeral range: outgoing
# connections (the tests make thousands) take their local ports from that range, and a server
# bound there can lose its port to one of them between this check and its bind. Callers still
# retry when the bind fails (another test server may pick the same port).
pick_port() {
  local low=32768 port
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  [ "$low" -gt 11000 ] || low=32768
  for _ in $(seq 50); do
    port=$((10000 + RANDOM % (low - 10000)))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  return 1
}
