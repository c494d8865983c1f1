// Purpose-built loopback servers for the tests: a scripted HTTP server that records each request
// and answers what the test says (or never answers), and a relay to the emulator that can hold
// each request back for a while or until released.
using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace LicenseSpring.Tests
{
    /// <summary>
    /// Answers every request with <c>respond(request)</c> (a whole HTTP response), or never when it
    /// returns null (the connection stays open until the server is disposed).
    /// </summary>
    public sealed class TestServer : IDisposable
    {
        private readonly TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly Func<string, string> respond;
        private readonly List<TcpClient> open = new List<TcpClient>();
        private readonly List<string> requests = new List<string>();

        public TestServer(Func<string, string> respond)
        {
            this.respond = respond;
            listener.Start();
            new Thread(Accept) { IsBackground = true }.Start();
        }

        public string BaseUrl => "http://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port;

        /// <summary>The requests received so far (head and body, as text).</summary>
        public List<string> Requests
        {
            get
            {
                lock (requests) return new List<string>(requests);
            }
        }

        public static string Response(int status, string body, params string[] headers) =>
            "HTTP/1.1 " + status + " Status\r\nContent-Type: application/json\r\nContent-Length: " + Encoding.UTF8.GetByteCount(body) +
            "\r\nConnection: close\r\n" + string.Concat(Array.ConvertAll(headers, h => h + "\r\n")) + "\r\n" + body;

        private void Accept()
        {
            try
            {
                while (true)
                {
                    TcpClient client = listener.AcceptTcpClient();
                    lock (open) open.Add(client);
                    new Thread(() => Serve(client)) { IsBackground = true }.Start();
                }
            }
            catch (Exception)
            {
                // The listener was stopped.
            }
        }

        private void Serve(TcpClient client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                string request = ReadRequest(stream);
                lock (requests) requests.Add(request);
                string response = respond(request);
                if (response == null)
                {
                    return; // never answer; Dispose closes the connection
                }
                byte[] bytes = Encoding.UTF8.GetBytes(response);
                stream.Write(bytes, 0, bytes.Length);
                client.Close();
            }
            catch (Exception)
            {
                // The client went away.
            }
        }

        private static string ReadRequest(NetworkStream stream)
        {
            var data = new List<byte>();
            var buffer = new byte[4096];
            int headEnd = -1, length = 0;
            while (headEnd < 0 || data.Count < headEnd + length)
            {
                int n = stream.Read(buffer, 0, buffer.Length);
                if (n <= 0) break;
                for (int i = 0; i < n; i++) data.Add(buffer[i]);
                if (headEnd < 0)
                {
                    string text = Encoding.UTF8.GetString(data.ToArray());
                    int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (end >= 0)
                    {
                        headEnd = end + 4;
                        foreach (string line in text.Substring(0, end).Split('\n'))
                        {
                            if (line.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase))
                                length = int.Parse(line.Substring(15).Trim());
                        }
                    }
                }
            }
            return Encoding.UTF8.GetString(data.ToArray());
        }

        public void Dispose()
        {
            listener.Stop();
            lock (open) open.ForEach(c => c.Close());
        }
    }

    /// <summary>
    /// Forwards connections to <c>upstream</c>; each chunk a client sends waits <see cref="Delay"/>
    /// first (Timeout.InfiniteTimeSpan: until the relay is disposed), so a test can make the server
    /// look slow or stalled, then normal again on the same client.
    /// </summary>
    public sealed class Relay : IDisposable
    {
        private readonly TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly Uri upstream;
        private readonly ManualResetEvent closed = new ManualResetEvent(false);
        private readonly List<TcpClient> open = new List<TcpClient>();

        public Relay(string upstreamUrl)
        {
            upstream = new Uri(upstreamUrl);
            listener.Start();
            new Thread(Accept) { IsBackground = true }.Start();
        }

        public TimeSpan Delay { get; set; } = TimeSpan.Zero;

        public string BaseUrl => "http://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port;

        private void Accept()
        {
            try
            {
                while (true)
                {
                    TcpClient client = listener.AcceptTcpClient();
                    var server = new TcpClient(upstream.Host, upstream.Port);
                    lock (open) { open.Add(client); open.Add(server); }
                    new Thread(() => Pump(client, server, true)) { IsBackground = true }.Start();
                    new Thread(() => Pump(server, client, false)) { IsBackground = true }.Start();
                }
            }
            catch (Exception)
            {
                // The listener was stopped.
            }
        }

        private void Pump(TcpClient from, TcpClient to, bool delayed)
        {
            var buffer = new byte[16384];
            try
            {
                int n;
                while ((n = from.GetStream().Read(buffer, 0, buffer.Length)) > 0)
                {
                    if (delayed && closed.WaitOne(Delay))
                    {
                        break;
                    }
                    to.GetStream().Write(buffer, 0, n);
                }
            }
            catch (Exception)
            {
                // Either side went away.
            }
            from.Close();
            to.Close();
        }

        public void Dispose()
        {
            closed.Set();
            listener.Stop();
            lock (open) open.ForEach(c => c.Close());
        }
    }
}
