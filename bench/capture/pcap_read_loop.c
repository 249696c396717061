/* pcap_read_loop.c - the floor under any capture reader: libpcap hands over every record of a
 * file and nothing is done with it but counting. bench/run_capture_comparison.sh times it beside
 * iotscope's flow path on the same file.
 *
 *   cc -O2 -o pcap_read_loop pcap_read_loop.c -lpcap && ./pcap_read_loop CAPTURE
 */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: pcap_read_loop CAPTURE\n");
    return 2;
  }
  char error[PCAP_ERRBUF_SIZE];
  pcap_t* pcap = pcap_open_offline(argv[1], error);
  if (pcap == NULL) {
    fprintf(stderr, "pcap_read_loop: %s\n", error);
    return 1;
  }
  struct pcap_pkthdr* header;
  const unsigned char* data;
  unsigned long long packets = 0, bytes = 0, first_bytes = 0;
  int status;
  while ((status = pcap_next_ex(pcap, &header, &data)) == 1) {
    ++packets;
    bytes += header->caplen;
    first_bytes += data[0]; /* touch the frame, as any reader must */
  }
  if (status == PCAP_ERROR) fprintf(stderr, "pcap_read_loop: %s\n", pcap_geterr(pcap));
  printf("%llu packets, %llu captured bytes (%llu)\n", packets, bytes, first_bytes % 7);
  pcap_close(pcap);
  return status == PCAP_ERROR;
}
