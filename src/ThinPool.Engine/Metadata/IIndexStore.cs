namespace ThinPool.Engine.Metadata;

/// <summary>Where a space map keeps its index entries: one block (metadata) or a btree (data).</summary>
internal interface IIndexStore
{
    IndexEntry Load(ulong index);

    void Save(ulong index, IndexEntry entry);
}
