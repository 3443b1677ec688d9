#nullable enable
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>Rewrites libLibTorchSharp.so's GLIBCXX_3.4.32 version need to GLIBCXX_3.4.30 (see the .targets file).</summary>
public sealed class PatchGlibcxxVersionNeed : Task
{
    private const string FileName = "libLibTorchSharp.so";
    private const string From = "GLIBCXX_3.4.32";
    private const string To = "GLIBCXX_3.4.30";
    private const uint ShtGnuVerneed = 0x6ffffffe;

    [Required]
    public string[] Directories { get; set; } = Array.Empty<string>();

    public override bool Execute()
    {
        foreach (var directory in Directories)
        {
            if (!Directory.Exists(directory)) continue;
            foreach (var path in Directory.EnumerateFiles(directory, FileName, SearchOption.AllDirectories))
            {
                try
                {
                    var result = Patch(path);
                    if (result != null) Log.LogMessage(MessageImportance.High, "Assay: " + result + ": " + path);
                }
                catch (Exception e)
                {
                    Log.LogError("Assay: could not patch " + path + ": " + e.Message);
                }
            }
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>Returns a message when the file changed, null when it needed nothing.</summary>
    private static string? Patch(string path)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("not a little-endian ELF64 file");

        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        bool changed = false;

        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long verneedOffset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
            long strSh = shoff + (long)link * shentsize;
            long strOffset = (long)BitConverter.ToUInt64(elf, (int)strSh + 0x18);
            long strSize = (long)BitConverter.ToUInt64(elf, (int)strSh + 0x20);

            long need = verneedOffset;
            while (true)
            {
                int count = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < count; a++)
                {
                    uint nameOffset = BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (ReadString(elf, strOffset + nameOffset) == From)
                    {
                        long target = FindString(elf, strOffset, strSize, To);
                        if (target < 0)
                        {
                            // Same length: overwrite the name in place.
                            Encoding.ASCII.GetBytes(To).CopyTo(elf, (int)(strOffset + nameOffset));
                        }
                        else
                        {
                            BitConverter.GetBytes((uint)target).CopyTo(elf, (int)aux + 8);
                        }
                        BitConverter.GetBytes(ElfHash(To)).CopyTo(elf, (int)aux);
                        changed = true;
                    }
                    uint nextAux = BitConverter.ToUInt32(elf, (int)aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint next = BitConverter.ToUInt32(elf, (int)need + 12);
                if (next == 0) break;
                need += next;
            }
        }

        if (!changed) return null;
        // Write beside and move, so an interrupted build never leaves a half-written library.
        var temp = path + ".assay-tmp";
        File.WriteAllBytes(temp, elf);
        File.Copy(temp, path, overwrite: true);
        File.Delete(temp);
        return "rewrote " + From + " version need to " + To;
    }

    private static string ReadString(byte[] data, long offset)
    {
        int end = (int)offset;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)offset, end - (int)offset);
    }

    /// <summary>Offset within the string table of a NUL-terminated occurrence of <paramref name="value"/>, or -1.</summary>
    private static long FindString(byte[] data, long tableOffset, long tableSize, string value)
    {
        var needle = Encoding.ASCII.GetBytes(value + "\0");
        long end = tableOffset + tableSize - needle.Length;
        for (long p = tableOffset; p <= end; p++)
        {
            if (p > tableOffset && data[p - 1] != 0) continue;
            bool match = true;
            for (int k = 0; k < needle.Length && match; k++) match = data[p + k] == needle[k];
            if (match) return p - tableOffset;
        }
        return -1;
    }

    private static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (char c in name)
        {
            h = (h << 4) + c;
            uint g = h & 0xf0000000;
            if (g != 0) h ^= g >> 24;
            h &= ~g;
        }
        return h;
    }
}
