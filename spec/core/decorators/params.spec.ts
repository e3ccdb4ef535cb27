import { expect } from 'chai';
import { Body, Headers, Param, Query } from '../../../src/core/decorators/params';

describe('parameter decorators', () => {
  it('refuses two source decorators on one parameter, naming the method and both (regression: the outer one silently won)', () => {
    expect(() => {
      class C {
        find(@Query('a') @Param('id') value: string) {
          return value;
        }
      }
      return C;
    }).to.throw(TypeError, /#0 of C\.find.*@Query\('a'\).*@Param\('id'\)/);
  });

  it('still lets each parameter of a method have its own decorator', () => {
    expect(() => {
      class C {
        find(@Param('id') id: string, @Query('q') q: string, @Headers('x') x: string, @Body() b: unknown) {
          return [id, q, x, b];
        }
      }
      return C;
    }).not.to.throw();
  });
});
