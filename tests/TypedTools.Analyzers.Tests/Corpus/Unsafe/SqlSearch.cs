// SQL built from the model's text.
public static class SqlSearch
{
    [McpServerTool, ReadOnly]
    public static object? Find(System.Data.Common.DbConnection db, string name)
    {
        using var command = db.CreateCommand();
        command.CommandText = $"SELECT id FROM users WHERE name = '{name}'";
        return command.ExecuteScalar();
    }
}
