package dev.chorus.platform.command;

import io.vertx.core.Future;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client in front of a real one that counts the statements it runs on the {@code events} table and the log rows
 * they return: what a runtime reads to rebuild a stream's state.
 */
final class LogRowCounter {

  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong statements = new AtomicLong();

  long rowsRead() {
    return rows.get();
  }

  long statements() {
    return statements.get();
  }

  SqlClient around(SqlClient client) {
    return proxy(SqlClient.class, client, (method, args, result) ->
      method.getName().equals("preparedQuery") && reads((String) args[0])
        ? counting((PreparedQuery<?>) result)
        : result);
  }

  private static boolean reads(String sql) {
    return sql.contains(" from events") || sql.contains(" join events");
  }

  @SuppressWarnings("unchecked")
  private PreparedQuery<?> counting(PreparedQuery<?> query) {
    return proxy(PreparedQuery.class, query, (method, args, result) -> {
      if (method.getName().equals("execute") && result instanceof Future<?> future) {
        statements.incrementAndGet();
        return future.onSuccess(rowSet -> rows.addAndGet(((RowSet<Row>) rowSet).size()));
      }
      return result;
    });
  }

  private interface Decoration {
    Object apply(Method method, Object[] args, Object result);
  }

  private static <T> T proxy(Class<T> type, Object target, Decoration decoration) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
      try {
        return decoration.apply(method, args, method.invoke(target, args));
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }));
  }
}
