import 'reflect-metadata';
export {};
