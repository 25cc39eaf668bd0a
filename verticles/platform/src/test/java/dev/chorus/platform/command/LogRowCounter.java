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
 * A client in front of a real one that counts the log rows its prepared queries return: what a runtime reads
 * from the {@code events} table to rebuild a stream's state.
 */
final class LogRowCounter {

  private final AtomicLong rows = new AtomicLong();

  long rowsRead() {
    return rows.get();
  }

  SqlClient around(SqlClient client) {
    return proxy(SqlClient.class, client, (method, args, result) ->
      method.getName().equals("preparedQuery") && ((String) args[0]).contains(" from events")
        ? counting((PreparedQuery<?>) result)
        : result);
  }

  @SuppressWarnings("unchecked")
  private PreparedQuery<?> counting(PreparedQuery<?> query) {
    return proxy(PreparedQuery.class, query, (method, args, result) -> {
      if (method.getName().equals("execute") && result instanceof Future<?> future) {
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
